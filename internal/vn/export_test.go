package vn

// FoldSlow is the general path of Fold.
var FoldSlow = foldSlow
