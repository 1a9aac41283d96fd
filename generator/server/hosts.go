package server

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// AllowHosts answers 403 to requests whose Host header is not one the dev
// server is known by. It is the defence against DNS rebinding: a page on
// another site makes its own name resolve to 127.0.0.1, and the browser then
// lets it read the preview, because to the browser it is the same origin.
// Such a request carries the attacker's name in Host, so only these pass:
// IP addresses, localhost (and names under .localhost), and the names given
// (the --allowed-hosts list; a name starting with "." allows every name
// under it).
func AllowHosts(next http.Handler, names []string) http.Handler {
	allowed := map[string]bool{}
	var suffixes []string
	for _, n := range names {
		n = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), "."))
		switch {
		case n == "":
		case strings.HasPrefix(n, "."):
			suffixes = append(suffixes, n)
			allowed[n[1:]] = true
		default:
			allowed[n] = true
		}
	}
	ok := func(host string) bool {
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
		if net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost") || allowed[host] {
			return true
		}
		for _, s := range suffixes {
			if strings.HasSuffix(host, s) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ok(r.Host) {
			host := r.Host
			if h, _, err := net.SplitHostPort(host); err == nil {
				host = h
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, "wrapup serve does not answer to the name %q: to preview the site under it, start the server with --allowed-hosts %s\n", host, host)
			return
		}
		next.ServeHTTP(w, r)
	})
}
