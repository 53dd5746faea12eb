// Command bare is the reference of the portal benchmark: a bare net/http
// handler returning a fixed page (the size of the page measured), whatever
// the path.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8095", "listen address")
	page := flag.String("page", "", "file with the page to serve")
	flag.Parse()
	body, err := os.ReadFile(*page)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
