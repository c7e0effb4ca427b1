package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/lib"
	"example.com/quote"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, lib.Greeting(quote.Hello())) })
	if err := http.ListenAndServe(":"+os.Getenv("PORT"), nil); err != nil {
		panic(err)
	}
}
