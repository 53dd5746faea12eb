package main

// wireMatching builds the matching service. (Scaffolding: the owner of the matching
// area replaces this file.)
func (a *app) wireMatching() {}
