package otherpkg

// Unregister is the cleanup path for this package's pluginHooks.
func Unregister(name string) {
	delete(pluginHooks, name)
}
