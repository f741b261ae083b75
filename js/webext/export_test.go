package webext

// SignatureTexts exposes the signature table to the tests: Chrome's
// signature string per "namespace.function".
func SignatureTexts() map[string]string {
	out := map[string]string{}
	for name, s := range signatures() {
		out[name] = s.Text()
	}
	return out
}
