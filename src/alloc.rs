//! The WASM module's memory allocator: blocks in power-of-two size classes, each class with its own free
//! list, carved from pages the module grows. Rust's default (dlmalloc) is 8 KB of the module; this is
//! under 1 KB, O(1) for every call, and the module is single-threaded. Freed blocks are reused by their
//! class; memory is never returned to the host (WASM cannot shrink memory anyway).

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32;
use std::cell::UnsafeCell;
use std::ptr::{self, NonNull};

const PAGE: usize = 65536;
/// The smallest block: 16 bytes (2^4), enough for any alignment std asks for below that.
const MIN_SHIFT: usize = 4;
const CLASSES: usize = usize::BITS as usize - MIN_SHIFT;
/// Memory grows by at least this many pages at a time (1 MiB).
const GROW_PAGES: usize = 16;

struct Heap {
    /// The first free block of each class; a free block holds the address of the next.
    free: [Option<NonNull<u8>>; CLASSES],
    /// The unused part of the last pages grown.
    next: usize,
    end: usize,
}

pub struct SizeClasses(UnsafeCell<Heap>);

// SAFETY: wasm32-unknown-unknown runs this module on one thread; nothing can reach the heap concurrently.
unsafe impl Sync for SizeClasses {}

#[global_allocator]
static ALLOCATOR: SizeClasses = SizeClasses(UnsafeCell::new(Heap {
    free: [None; CLASSES],
    next: 0,
    end: 0,
}));

/// The class of blocks that fit `layout`: its size (or alignment, if larger) rounded up to a power of two.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    (usize::BITS - (size - 1).leading_zeros()) as usize - MIN_SHIFT
}

impl Heap {
    /// A new block of `size` bytes (a power of two), aligned to its size up to a page.
    fn carve(&mut self, size: usize) -> Option<NonNull<u8>> {
        let align = size.min(PAGE);
        let mut start = self.next.checked_add(align - 1)? & !(align - 1);
        if start.checked_add(size)? > self.end {
            // Grow a whole step when memory allows, else just what the block needs.
            let needed = size.div_ceil(PAGE);
            let (mut pages, mut first) = (needed.max(GROW_PAGES), usize::MAX);
            for try_pages in [pages, needed] {
                pages = try_pages;
                first = wasm32::memory_grow(0, pages);
                if first != usize::MAX {
                    break;
                }
            }
            if first == usize::MAX {
                return None;
            }
            let base = first.checked_mul(PAGE)?;
            // Someone else may have grown memory since our last pages: then start afresh at the new ones.
            if base != self.end {
                self.next = base;
            }
            // Checked: at 4 GiB the end no longer fits in a usize.
            self.end = base.checked_add(pages.checked_mul(PAGE)?)?;
            start = self.next.checked_add(align - 1)? & !(align - 1);
            if start.checked_add(size)? > self.end {
                self.next = base;
                start = base;
            }
        }
        self.next = start.checked_add(size)?;
        NonNull::new(start as *mut u8)
    }
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded (see `Sync` above), and no call below re-enters the allocator.
        let heap = unsafe { &mut *self.0.get() };
        // Blocks are aligned to their size up to a page; nothing here asks for more (an allocation error).
        if layout.align() > PAGE {
            return ptr::null_mut();
        }
        let c = class(layout);
        let Some(head) = heap.free.get_mut(c) else {
            return ptr::null_mut();
        };
        if let Some(block) = *head {
            // SAFETY: a free block starts with the address of the next free block of its class.
            *head = unsafe { block.cast::<Option<NonNull<u8>>>().read() };
            return block.as_ptr();
        }
        heap.carve(1 << (c + MIN_SHIFT))
            .map_or(ptr::null_mut(), NonNull::as_ptr)
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        let heap = unsafe { &mut *self.0.get() };
        if let Some(head) = heap.free.get_mut(class(layout)) {
            // SAFETY: the block is ours, at least 16 bytes and aligned; it now holds the list's link.
            unsafe { block.cast::<Option<NonNull<u8>>>().write(*head) };
            *head = NonNull::new(block);
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size`, rounded to `layout.align()`, does not overflow.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new) == class(layout) {
            return block;
        }
        // SAFETY: `new` is a valid layout (above), and both blocks are live for the copied length.
        unsafe {
            let moved = self.alloc(new);
            if !moved.is_null() {
                ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
            moved
        }
    }
}
