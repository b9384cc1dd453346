"""What a command needs besides its query: configuration, the workspace, the `add` use case."""
