// The live-reload stream: Server-Sent Events that tell open pages to reload,
// to swap their stylesheets or to show the build's errors.

package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// event is the data of a "hello" or "build" event.
type event struct {
	ID      string      `json:"id"`
	OK      bool        `json:"ok"`
	Errors  []errorView `json:"errors,omitempty"`
	CSS     bool        `json:"css,omitempty"` // only stylesheets changed
	All     bool        `json:"all,omitempty"` // too many pages changed to list
	Updated []string    `json:"updated,omitempty"`
	Removed []string    `json:"removed,omitempty"`
}

// events streams build events to one page until it goes away.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan []byte, 16)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
		}
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not hold events back
	st := s.state.Load()
	fmt.Fprintf(w, "retry: 500\n\n")
	w.Write(message("hello", event{ID: st.id, OK: len(st.errors) == 0, Errors: st.errors}))
	flusher.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg, ok := <-c:
			if !ok {
				return
			}
			if _, err := w.Write(msg); err != nil {
				return
			}
			flusher.Flush()
		case <-ping.C:
			// A comment keeps proxies from closing an idle stream.
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

func message(name string, ev event) []byte {
	data, _ := json.Marshal(ev) // plain strings and bools: cannot fail
	return []byte("event: " + name + "\ndata: " + string(data) + "\n\n")
}

func (s *Server) broadcast(name string, ev event) {
	msg := message(name, ev)
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- msg:
		default:
			// A page that does not read its stream: end it; its
			// EventSource reconnects and gets the current state.
			close(c)
			delete(s.clients, c)
		}
	}
}

// clientCount is the number of open event streams.
func (s *Server) clientCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}
