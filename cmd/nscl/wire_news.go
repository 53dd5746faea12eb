package main

import "nscl/internal/news"

// wireNews builds the news and newsletters' service.
func (a *app) wireNews() {
	a.news = news.NewService(news.Options{Store: a.db.News(), Log: a.log, BaseURL: a.cfg.BaseURL})
}
