// The client networking lands with its own issue; this file keeps the target buildable.
