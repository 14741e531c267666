//! Fargate task sizes: the CPU units and the memory (MiB) each allows, from the ECS API model.

/// The memory (MiB) one CPU size allows: a few values, or a range in steps.
#[derive(Clone, Copy)]
enum Memories {
    List(&'static [u64]),
    Range { first: u64, last: u64, step: u64 },
}

const SIZES: [(u64, Memories); 7] = [
    (256, Memories::List(&[512, 1024, 2048])),
    (512, Memories::List(&[1024, 2048, 3072, 4096])),
    (
        1024,
        Memories::Range {
            first: 2048,
            last: 8192,
            step: 1024,
        },
    ),
    (
        2048,
        Memories::Range {
            first: 4096,
            last: 16384,
            step: 1024,
        },
    ),
    (
        4096,
        Memories::Range {
            first: 8192,
            last: 30720,
            step: 1024,
        },
    ),
    (
        8192,
        Memories::Range {
            first: 16384,
            last: 61440,
            step: 4096,
        },
    ),
    (
        16384,
        Memories::Range {
            first: 32768,
            last: 122880,
            step: 8192,
        },
    ),
];

/// CPU sizes whose use with Express Mode has not been seen to work.
pub const UNVERIFIED_CPUS: [u64; 2] = [8192, 16384];

/// The default task size when neither is given (the Express Mode default).
pub const DEFAULT: (u64, u64) = (256, 512);

fn memories(cpu: u64) -> Option<Memories> {
    SIZES.iter().find(|(c, _)| *c == cpu).map(|(_, m)| *m)
}

/// The Fargate CPU sizes, smallest first.
pub fn cpus() -> Vec<u64> {
    SIZES.iter().map(|(c, _)| *c).collect()
}

/// The valid CPU values, for messages.
pub fn cpus_text() -> String {
    SIZES
        .iter()
        .map(|(c, _)| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `cpu` is a Fargate CPU size.
pub fn is_cpu(cpu: u64) -> bool {
    memories(cpu).is_some()
}

/// Whether `memory` is valid with `cpu`.
pub fn pairs(cpu: u64, memory: u64) -> bool {
    match memories(cpu) {
        Some(Memories::List(list)) => list.contains(&memory),
        Some(Memories::Range { first, last, step }) => {
            (first..=last).contains(&memory) && (memory - first) % step == 0
        }
        None => false,
    }
}

/// The memory values valid with `cpu`, for messages.
pub fn memories_text(cpu: u64) -> String {
    match memories(cpu) {
        Some(Memories::List(list)) => list
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(Memories::Range { first, last, step }) => {
            format!("{first} to {last} in steps of {step}")
        }
        None => String::new(),
    }
}

/// The memory used when only `cpu` is given: the smallest valid.
pub fn default_memory(cpu: u64) -> Option<u64> {
    match memories(cpu)? {
        Memories::List(list) => list.first().copied(),
        Memories::Range { first, .. } => Some(first),
    }
}

/// The CPU used when only `memory` is given: the smallest that allows it.
pub fn default_cpu(memory: u64) -> Option<u64> {
    SIZES
        .iter()
        .map(|(c, _)| *c)
        .find(|&cpu| pairs(cpu, memory))
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
