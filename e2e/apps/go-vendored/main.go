package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/greeting"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, greeting.Hello("world"))
	})
	http.ListenAndServe(":"+os.Getenv("PORT"), nil)
}
