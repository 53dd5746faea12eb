package main

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"sync/atomic"
)

// sink is a minimal SMTP server that accepts and counts messages per
// recipient. Addresses in codes get that reply to RCPT (4xx, 5xx).
type sink struct {
	ln       net.Listener
	mu       sync.Mutex
	got      map[string]int
	codes    map[string]string
	accepted atomic.Int64
}

func newSink(codes map[string]string) (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &sink{ln: ln, got: map[string]int{}, codes: codes}
	go s.serve()
	return s, nil
}

func (s *sink) addr() string { return s.ln.Addr().String() }

func (s *sink) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.conn(c)
	}
}

func (s *sink) conn(c net.Conn) {
	defer c.Close()
	r := bufio.NewReaderSize(c, 64<<10)
	w := bufio.NewWriter(c)
	reply := func(line string) bool {
		w.WriteString(line + "\r\n")
		return w.Flush() == nil
	}
	if !reply("220 sink ESMTP") {
		return
	}
	var rcpt string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			w.WriteString("250-sink\r\n")
			reply("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			rcpt = ""
			reply("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			addr := strings.ToLower(strings.Trim(strings.TrimSpace(line[8:]), "<>\r\n "))
			if code, ok := s.codes[addr]; ok {
				reply(code + " refused by the sink")
				continue
			}
			rcpt = addr
			reply("250 OK")
		case cmd == "DATA":
			reply("354 go on")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			s.mu.Lock()
			s.got[rcpt]++
			s.mu.Unlock()
			s.accepted.Add(1)
			reply("250 queued")
		case cmd == "RSET", cmd == "NOOP":
			reply("250 OK")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown")
		}
	}
}

// duplicates counts the recipients who got more than one message.
func (s *sink) duplicates() (recipients, dups int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.got {
		if n > 1 {
			dups++
		}
	}
	return len(s.got), dups
}
