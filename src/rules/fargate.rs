//! Fargate task sizes: the CPU units and the memory (MiB) each allows, from the ECS API model.

/// (cpu, first memory, last memory, step).
const SIZES: [(u64, u64, u64, u64); 7] = [
    (256, 512, 2048, 512),
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122880, 8192),
];

/// CPU sizes whose use with Express Mode has not been seen to work.
pub const UNVERIFIED_CPUS: [u64; 2] = [8192, 16384];

/// The default task size when neither is given (the Express Mode default).
pub const DEFAULT: (u64, u64) = (256, 512);

fn row(cpu: u64) -> Option<(u64, u64, u64, u64)> {
    SIZES.iter().copied().find(|r| r.0 == cpu)
}

/// The valid CPU values, for messages.
pub fn cpus_text() -> String {
    SIZES
        .iter()
        .map(|r| r.0.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `cpu` is a Fargate CPU size.
pub fn is_cpu(cpu: u64) -> bool {
    row(cpu).is_some()
}

fn memories(cpu: u64) -> Vec<u64> {
    match row(cpu) {
        // 256 CPU allows 512, 1024 and 2048: the step is not uniform there.
        Some((256, ..)) => vec![512, 1024, 2048],
        Some((_, first, last, step)) => (first..=last).step_by(step as usize).collect(),
        None => Vec::new(),
    }
}

/// Whether `memory` is valid with `cpu`.
pub fn pairs(cpu: u64, memory: u64) -> bool {
    memories(cpu).contains(&memory)
}

/// The memory values valid with `cpu`, for messages.
pub fn memories_text(cpu: u64) -> String {
    match row(cpu) {
        Some((256, ..)) | None => memories(cpu)
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some((_, first, last, step)) if (last - first) / step < 4 => memories(cpu)
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some((_, first, last, step)) => format!("{first} to {last} in steps of {step}"),
    }
}

/// The memory used when only `cpu` is given: the smallest valid.
pub fn default_memory(cpu: u64) -> Option<u64> {
    memories(cpu).first().copied()
}

/// The CPU used when only `memory` is given: the smallest that allows it.
pub fn default_cpu(memory: u64) -> Option<u64> {
    SIZES.iter().map(|r| r.0).find(|&cpu| pairs(cpu, memory))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_the_api_model() {
        assert!(pairs(256, 512) && pairs(256, 2048) && !pairs(256, 256) && !pairs(256, 1536));
        assert!(pairs(512, 3072) && !pairs(512, 512));
        assert!(pairs(4096, 30720) && !pairs(4096, 31744));
        assert!(pairs(8192, 20480) && !pairs(8192, 17408));
        assert!(pairs(16384, 122880) && !pairs(16384, 36864));
        assert!(!pairs(300, 512));
    }

    #[test]
    fn defaults_pick_the_smallest() {
        assert_eq!(default_memory(1024), Some(2048));
        assert_eq!(default_cpu(3072), Some(512));
        assert_eq!(default_cpu(122880), Some(16384));
        assert_eq!(default_cpu(100), None);
    }

    #[test]
    fn texts() {
        assert_eq!(memories_text(256), "512, 1024, 2048");
        assert_eq!(memories_text(512), "1024, 2048, 3072, 4096");
        assert_eq!(memories_text(4096), "8192 to 30720 in steps of 1024");
    }
}
