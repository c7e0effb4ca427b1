// Package greeting is a tiny dependency committed under vendor/, so the app builds offline.
package greeting

// Hello greets who.
func Hello(who string) string { return "Hello from a vendored module, " + who + "!" }
