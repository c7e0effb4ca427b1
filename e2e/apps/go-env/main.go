// A test app for the local platform: shows what an instance sees, and can be told to crash.
//   GET /            "instance <CF_INSTANCE_INDEX>"
//   GET /env/NAME    the value of $NAME (404 if unset)
//   GET /crash       exits 1, as a crashing app does
package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "instance %s", os.Getenv("CF_INSTANCE_INDEX"))
	})
	http.HandleFunc("/env/", func(w http.ResponseWriter, r *http.Request) {
		value, ok := os.LookupEnv(strings.TrimPrefix(r.URL.Path, "/env/"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, value)
	})
	http.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("crashing on request")
		os.Exit(1)
	})
	if err := http.ListenAndServe(":"+os.Getenv("PORT"), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
