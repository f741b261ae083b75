package webext

// testModule is chrome.test / browser.test (not implemented yet).
func testModule() *module { return &module{name: "test"} }
