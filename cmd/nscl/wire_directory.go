package main

// wireDirectory builds the directory service. (Scaffolding: the owner of the directory
// area replaces this file.)
func (a *app) wireDirectory() {}
