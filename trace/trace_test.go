package trace

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestLogWritesOneJSONObjectPerLineOmittingEmptyFields(t *testing.T) {
	var l Log
	l.Emit(Event{At: 1500 * time.Microsecond, Kind: "port.connect", Channel: 3, From: "background", Name: "x"})
	l.Emit(Event{Kind: "port.deliver", Size: 7, Payload: []byte(`{"a":1}`)})
	var b bytes.Buffer
	if err := l.WriteJSONL(&b); err != nil {
		t.Fatal(err)
	}
	want := `{"t":1500000,"kind":"port.connect","ch":3,"from":"background","name":"x"}
{"t":0,"kind":"port.deliver","size":7,"payload":{"a":1}}
`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, bytes.ErrTooLarge }

func TestLogWriteErrorIsReported(t *testing.T) {
	var l Log
	l.Emit(Event{Kind: "k", Payload: []byte(`{bad`)})
	err := l.WriteJSONL(failWriter{})
	if err == nil || !strings.Contains(err.Error(), "trace:") {
		t.Fatalf("want a wrapped trace error, got %v", err)
	}
}
