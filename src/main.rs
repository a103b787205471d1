//! Entry point of the browser app: it only mounts. Everything else is in `lib.rs`.

fn main() {
    advocacy::mount();
}
