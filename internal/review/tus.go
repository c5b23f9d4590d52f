package review

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/tus/tusd/v2/pkg/handler"

	"clinic"
	"clinic/internal/blob"
)

type requestKey struct{}

// WithRequest returns ctx naming the review request an upload request
// comes from, as the patient's signed cookie says.
func WithRequest(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, requestKey{}, id)
}

// requestFrom is the request ctx names, or 0.
func requestFrom(ctx context.Context) int64 {
	id, _ := ctx.Value(requestKey{}).(int64)
	return id
}

// TusStore is a tusd DataStore that writes uploads into the encrypted
// blob store as they come.
type TusStore struct {
	DB    clinic.ReviewService
	Blobs *blob.Store
	// PartSize bounds a part: what a dropped connection can cost is the
	// part being written.
	PartSize int64
	// MaxStudy bounds the bytes of all a request's uploads.
	MaxStudy int64
	// Completed is told each upload that has all its bytes.
	Completed func(id string)
	// Log is told when the blob storage is full; nil logs nothing.
	Log *slog.Logger
}

// StorageFullLog is the line logged each time a part is refused because
// the blob storage is full, for the operator to find.
const StorageFullLog = "blob storage full: uploads refused until space is freed"

// StoreUnreachableLog is the line logged each time a part is refused
// because the object store cannot be reached.
const StoreUnreachableLog = "object store unreachable: upload parts refused until it answers"

// errStoreUnreachable answers a part that the object store could not
// take. The parts before it are kept; the browser tries again.
var errStoreUnreachable = handler.NewError("ERR_STORE_UNREACHABLE",
	"We cannot store files for a moment. Please try again in a minute: what you sent before is kept.", http.StatusServiceUnavailable)

// errStorageFull answers a part that found the blob storage full. Nothing
// of the part was kept; the parts before it are, and the patient's
// browser tries again later from the offset the server gives.
var errStorageFull = handler.NewError("ERR_STORAGE_FULL",
	"We cannot take files right now. Please try again later: what you sent before is kept.", http.StatusInsufficientStorage)

// UseIn sets s as the core and terminater of a tusd composer.
func (s *TusStore) UseIn(c *handler.StoreComposer) {
	c.UseCore(s)
	c.UseTerminater(s)
}

// tusError turns a store error into an answer tusd sends.
func tusError(err error) error {
	status := map[string]int{clinic.ENotFound: http.StatusNotFound, clinic.ETooLarge: http.StatusRequestEntityTooLarge,
		clinic.EConflict: http.StatusConflict, clinic.EInvalid: http.StatusBadRequest}[clinic.ErrorKind(err)]
	if status == 0 {
		return err
	}
	return handler.NewError("ERR_REVIEW", clinic.ErrorMessage(err), status)
}

// NewUpload records a new upload of the request ctx names.
func (s *TusStore) NewUpload(ctx context.Context, info handler.FileInfo) (handler.Upload, error) {
	req := requestFrom(ctx)
	if req == 0 {
		return nil, handler.ErrNotFound
	}
	if info.SizeIsDeferred || info.IsPartial || info.IsFinal {
		return nil, handler.NewError("ERR_REVIEW", "Please give the file's size when starting its upload.", http.StatusBadRequest)
	}
	u := &clinic.ReviewUpload{ID: strings.ToLower(rand.Text()), RequestID: req, Size: info.Size,
		Name: FileName(info.MetaData), Type: Clip(info.MetaData["filetype"], 100)}
	if err := s.DB.CreateUpload(ctx, u, s.MaxStudy); err != nil {
		return nil, tusError(err)
	}
	return &tusUpload{s: s, u: u}, nil
}

// FileName is the name the browser gave, with its folder path when the
// patient chose a folder: PHI, kept sealed.
func FileName(meta handler.MetaData) string {
	name := meta["relativePath"]
	if name == "" || name == "null" {
		name = meta["filename"]
	}
	name = strings.TrimLeft(strings.ReplaceAll(Clip(name, 1000), "\\", "/"), "/")
	if name == "" {
		name = "unnamed file"
	}
	return name
}

// Clip keeps at most n bytes of valid UTF-8 of s.
func Clip(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.ToValidUTF8(s, "")
}

// GetUpload finds an upload of the request ctx names; anyone else's is
// not found.
func (s *TusStore) GetUpload(ctx context.Context, id string) (handler.Upload, error) {
	if len(id) > 64 || !utf8.ValidString(id) {
		return nil, handler.ErrNotFound
	}
	u, err := s.DB.Upload(ctx, id)
	if clinic.ErrorKind(err) == clinic.ENotFound || err == nil && u.RequestID != requestFrom(ctx) {
		return nil, handler.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &tusUpload{s: s, u: u}, nil
}

// AsTerminatableUpload lets a patient take a file back before it is read.
func (s *TusStore) AsTerminatableUpload(up handler.Upload) handler.TerminatableUpload {
	return up.(*tusUpload)
}

// tusUpload is one upload as tusd handles it.
type tusUpload struct {
	s *TusStore
	u *clinic.ReviewUpload
}

func (t *tusUpload) GetInfo(ctx context.Context) (handler.FileInfo, error) {
	return handler.FileInfo{ID: t.u.ID, Size: t.u.Size, Offset: t.u.Offset, MetaData: handler.MetaData{}}, nil
}

// GetReader is refused: uploads are never downloaded over tus.
func (t *tusUpload) GetReader(ctx context.Context) (io.ReadCloser, error) {
	return nil, handler.ErrNotImplemented
}

// FinishUpload hands the complete upload to the readers.
func (t *tusUpload) FinishUpload(ctx context.Context) error {
	if t.s.Completed != nil {
		t.s.Completed(t.u.ID)
	}
	return nil
}

// Terminate removes an upload not yet read, and its blobs.
func (t *tusUpload) Terminate(ctx context.Context) error {
	blobs, err := t.s.DB.DeleteUpload(ctx, t.u.ID)
	if err != nil {
		return tusError(err)
	}
	for _, b := range blobs {
		t.s.Blobs.Delete(context.WithoutCancel(ctx), b)
	}
	return nil
}

// WriteChunk stores src from offset as parts, each encrypted as it
// streams in and recorded once it is whole, and returns the bytes
// recorded: those are what the next HEAD reports.
func (t *tusUpload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	if offset != t.u.Offset {
		return 0, handler.ErrMismatchOffset
	}
	var written int64
	for t.u.Offset < t.u.Size {
		n, err := t.writePart(ctx, io.LimitReader(src, min(t.s.PartSize, t.u.Size-t.u.Offset)))
		written += n
		if err != nil || n < t.s.PartSize {
			return written, err
		}
	}
	return written, nil
}

// writePart stores one part and records it. The blob store hashes the
// part as it writes it; a file that is one part has that hash, and the
// hash of a file of several parts is computed when it is read, off the
// upload's path.
func (t *tusUpload) writePart(ctx context.Context, r io.Reader) (int64, error) {
	st, err := t.s.Blobs.Put(ctx, r)
	if line, refused := storeRefusal(err); refused != nil {
		if t.s.Log != nil {
			t.s.Log.ErrorContext(ctx, line, "err", err)
		}
		return 0, refused
	}
	if err != nil {
		return 0, fmt.Errorf("review: store part: %w", err)
	}
	if st.Size == 0 {
		t.s.Blobs.Delete(ctx, st.Name)
		return 0, nil
	}
	p := clinic.UploadPart{Offset: t.u.Offset, Size: st.Size, Blob: st.Name, SHA256: hex.EncodeToString(st.SHA256[:])}
	sum := ""
	if p.Offset == 0 && p.Size == t.u.Size {
		sum = p.SHA256
	}
	if err := t.s.DB.AddUploadPart(context.WithoutCancel(ctx), t.u.ID, p, sum); err != nil {
		t.s.Blobs.Delete(context.WithoutCancel(ctx), st.Name)
		return 0, fmt.Errorf("review: record part: %w", err)
	}
	t.u.Offset += st.Size
	return st.Size, nil
}

// storeRefusal is the log line and the answer for a part the blob store
// refused because it is full or cannot be reached, or a nil answer for
// any other error.
func storeRefusal(err error) (string, error) {
	switch {
	case errors.Is(err, blob.ErrNoSpace):
		return StorageFullLog, errStorageFull
	case errors.Is(err, blob.ErrUnreachable):
		return StoreUnreachableLog, errStoreUnreachable
	}
	return "", nil
}
