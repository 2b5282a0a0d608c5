"""Output formats. Each module renders a :class:`policylint.api.Report` to a string."""

FORMATS = ("text", "json", "html", "sarif", "github")
