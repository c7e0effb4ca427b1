package lib

// Greeting is what the service answers.
func Greeting(quote string) string { return "Hello from the workspace, with " + quote + "!" }
