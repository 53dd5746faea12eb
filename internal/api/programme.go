package api

const tagProgramme = "Chương trình (Programme)"
