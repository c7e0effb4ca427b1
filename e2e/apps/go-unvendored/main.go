package main

import "example.com/missing"

func main() { missing.Run() }
