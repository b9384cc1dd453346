"""The read side: stored analysis -> result dataclasses, through `Index` read methods only."""
