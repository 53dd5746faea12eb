package news

import "context"

// UnsubscribeLinkForTest returns a subscriber's unsubscribe token.
func (s *Service) UnsubscribeLinkForTest(ctx context.Context, x *Subscriber) string {
	t, err := s.token(ctx, tokUnsubscribe, x)
	if err != nil {
		panic(err)
	}
	return t
}
