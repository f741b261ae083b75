package browser

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
)

// Response is what the virtual web returns for a URL.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
}

// Web answers requests for web URLs (http, https, file). It is called on the
// scheduler's goroutine; implementations must not block on the network:
// extsim never opens a socket.
type Web interface {
	Fetch(u *url.URL) (Response, error)
}

// EmptyWeb is the default web: every URL is an empty HTML page.
type EmptyWeb struct{}

// Fetch implements Web.
func (EmptyWeb) Fetch(*url.URL) (Response, error) {
	return Response{Status: 200, ContentType: "text/html", Body: []byte("<!DOCTYPE html><html><head></head><body></body></html>")}, nil
}

// MapWeb serves fixed pages. Keys are full URLs ("https://example.com/a")
// or, as a fallback, paths ("/a") that match on any host. A URL that is not
// found gets a 404 page.
type MapWeb map[string]string

// Fetch implements Web.
func (m MapWeb) Fetch(u *url.URL) (Response, error) {
	key := u.Scheme + "://" + u.Host + u.EscapedPath()
	body, ok := m[key]
	if !ok {
		body, ok = m[u.EscapedPath()]
	}
	if !ok {
		return notFound(u), nil
	}
	return Response{Status: 200, ContentType: contentType(u.Path, body), Body: []byte(body)}, nil
}

// DirWeb serves the files of FS by URL path on every host, with index.html
// for directories.
type DirWeb struct{ FS fs.FS }

// Fetch implements Web.
func (d DirWeb) Fetch(u *url.URL) (Response, error) {
	p := strings.TrimPrefix(path.Clean("/"+u.Path), "/")
	if p == "" || strings.HasSuffix(u.Path, "/") {
		p = path.Join(p, "index.html")
	}
	body, err := fs.ReadFile(d.FS, p)
	if err != nil {
		return notFound(u), nil
	}
	return Response{Status: 200, ContentType: contentType(p, string(body)), Body: body}, nil
}

// HandlerWeb serves the web with an http.Handler, called in-process with a
// recorder: no socket is opened.
type HandlerWeb struct{ Handler http.Handler }

// Fetch implements Web.
func (h HandlerWeb) Fetch(u *url.URL) (Response, error) {
	req := httptest.NewRequest(http.MethodGet, u.String(), nil)
	rec := httptest.NewRecorder()
	h.Handler.ServeHTTP(rec, req)
	res := rec.Result()
	return Response{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: rec.Body.Bytes()}, nil
}

// WebFunc adapts a function to Web.
type WebFunc func(u *url.URL) (Response, error)

// Fetch implements Web.
func (f WebFunc) Fetch(u *url.URL) (Response, error) { return f(u) }

func notFound(u *url.URL) Response {
	return Response{Status: 404, ContentType: "text/html", Body: []byte(fmt.Sprintf("<!DOCTYPE html><title>404</title><p>%s not found</p>", htmlEscape(u.String())))}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// contentType guesses a type from the file extension, like a static server.
func contentType(name, body string) string {
	switch path.Ext(name) {
	case ".html", ".htm", "":
		if path.Ext(name) == "" && !strings.Contains(strings.ToLower(body), "<") {
			return "text/plain"
		}
		return "text/html"
	case ".js", ".mjs":
		return "text/javascript"
	case ".json":
		return "application/json"
	case ".css":
		return "text/css"
	}
	return "application/octet-stream"
}
