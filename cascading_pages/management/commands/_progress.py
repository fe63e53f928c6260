class Progress:
    """A one-line progress bar on a terminal; occasional plain lines when output is redirected."""

    def __init__(self, stream, total, enabled=True, width=30):
        self.stream = stream
        self.total = total
        self.done = 0
        self.width = width
        self.enabled = enabled and total > 0
        self.tty = enabled and getattr(stream, "isatty", lambda: False)()
        self.every = max(1, total // 20)

    def step(self):
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            filled = self.width * self.done // self.total
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}", ending="")
            self.stream.flush()
        elif self.done % self.every == 0 and self.total >= 100:
            self.stream.write(f"{self.done}/{self.total} rows")

    def finish(self):
        if self.enabled and self.tty:
            self.stream.write("")
