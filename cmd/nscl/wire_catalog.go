package main

// wireCatalog builds the catalog service. (Scaffolding: the owner of the catalog
// area replaces this file.)
func (a *app) wireCatalog() {}
