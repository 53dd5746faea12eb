package news

import (
	"context"
	"io"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/photo"
)

// MaxImageBytes bounds an uploaded article image.
const MaxImageBytes = 10 << 20

var errNoImage = fault.New(fault.NotFound, "Không tìm thấy ảnh.", "Image not found.")

// SetImage processes an uploaded image (upright, resized to 1600 px,
// metadata removed, with a thumbnail: internal/photo), stores it and
// points the article at it (ActNewsManage).
func (s *Service) SetImage(ctx context.Context, id ArticleID, r io.Reader, size int64) (*Article, error) {
	if err := may(ctx, auth.ActNewsManage, errNotEditor); err != nil {
		return nil, err
	}
	ph, err := photo.ProcessContext(ctx, r, photo.Options{MaxBytes: MaxImageBytes, DeclaredSize: size, LongSide: 1600})
	if err != nil {
		return nil, imageError(err)
	}
	var x *Article
	err = s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindArticle(ctx, id)
		if err != nil {
			return notFound(err, errNoArticle)
		}
		now := s.now().UTC()
		if err := tx.SetArticleImage(ctx, id, ph.Content, ph.Thumb, ph.Width, ph.Height, now); err != nil {
			return err
		}
		cp := *old
		x = &cp
		x.ImageURL = ImageURL(id, ph.SHA256)
		x.UpdatedAt = now
		if err := tx.UpdateArticle(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "news.article.image", "news_article", int64(id), old, x)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// ImageURL is the versioned path of an article's stored image.
func ImageURL(id ArticleID, sha string) string {
	if len(sha) > 12 {
		sha = sha[:12]
	}
	return "/news/images/" + strconv.FormatInt(int64(id), 10) + "?v=" + sha
}

func imageError(err error) error {
	msg := func(vi, en string) error { return fault.New(fault.Invalid, vi, en).Field("image", vi, en) }
	switch photo.CodeOf(err) {
	case "":
		return err
	case photo.CodeEmpty:
		return msg("Vui lòng chọn một ảnh.", "Please choose an image.")
	case photo.CodeTooLarge, photo.CodeTooManyPixels:
		return msg("Ảnh quá lớn (tối đa 10 MB, 40 megapixel).", "The image is too large (at most 10 MB, 40 megapixels).")
	case photo.CodeNotImage, photo.CodeUnsupported:
		return msg("Chỉ nhận ảnh JPEG, PNG hoặc WebP.", "Only JPEG, PNG or WebP images are accepted.")
	}
	return msg("Không đọc được ảnh này.", "This image could not be read.")
}

// Image returns an article's image (or thumbnail) to whoever may read the
// article: anyone once it is public, editors before.
func (s *Service) Image(ctx context.Context, id ArticleID, thumb bool) ([]byte, error) {
	a, err := s.store.FindArticle(ctx, id)
	if err != nil {
		return nil, notFound(err, errNoImage)
	}
	if a.StatusAt(s.now()) != ArticlePublished && !s.MayEdit(ctx) {
		return nil, errNoImage
	}
	b, err := s.store.FindArticleImage(ctx, id, thumb)
	return b, notFound(err, errNoImage)
}
