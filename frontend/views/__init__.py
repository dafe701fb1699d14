"""Function views of the web interface: parse input, scoped fetch, one action or selector, render."""
