package main

// wireDiagnosis builds the diagnosis service. (Scaffolding: the owner of the diagnosis
// area replaces this file.)
func (a *app) wireDiagnosis() {}
