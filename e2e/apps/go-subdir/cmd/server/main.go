// The main package lives in cmd/server: GO_INSTALL_PACKAGE_SPEC=./cmd/server builds bin/server.
package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/multi/internal/version"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "server %s (%s)", version.Version, version.Commit)
	})
	http.ListenAndServe(":"+os.Getenv("PORT"), nil)
}
