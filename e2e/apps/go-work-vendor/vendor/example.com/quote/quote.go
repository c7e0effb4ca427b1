package quote

// Hello is the vendored module's line.
func Hello() string { return "a vendored quote" }
