package webext

// storageModule is chrome.storage / browser.storage (not implemented yet).
func storageModule() *module { return &module{name: "storage"} }
