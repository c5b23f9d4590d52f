package web

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"clinic"
)

// maxCardForm is the most the insurance form may send: two photos and
// its few fields.
const maxCardForm = 2*clinic.MaxCardPhoto + 64<<10

// maxCardField bounds one text field of the insurance form.
const maxCardField = 4 << 10

// readCardForm reads the insurance form part by part: the fields into a
// map, each photo of the card straight into the encrypted blob store
// (never to a temporary file), its type told by its first bytes. A photo
// refused is an answer on the form, not an error.
func (s *Server) readCardForm(r *http.Request, a *clinic.FormAnswers) (map[string]string, clinic.FieldErrors, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, formError(err)
	}
	fields, errs := map[string]string{}, clinic.FieldErrors{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			s.dropCards(r, a)
			return nil, nil, formError(err)
		}
		name := part.FormName()
		switch name {
		case "card_front", "card_back":
			f, problem, err := s.storeCard(r, part)
			if err != nil {
				s.dropCards(r, a)
				return nil, nil, err
			}
			if problem != "" {
				errs[name] = problem
			}
			if name == "card_front" {
				a.CardFront = f
			} else {
				a.CardBack = f
			}
		default:
			b, err := io.ReadAll(io.LimitReader(part, maxCardField+1))
			if err != nil || len(b) > maxCardField {
				s.dropCards(r, a)
				return nil, nil, clinic.Errorf(clinic.EInvalid, "We could not read the form. Please try again.")
			}
			fields[name] = string(b)
		}
	}
	return fields, errs, nil
}

// storeCard stores one photo of the card; an empty part (no photo
// chosen) stores nothing.
func (s *Server) storeCard(r *http.Request, part *multipart.Part) (*clinic.FormFile, string, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(part, head)
	if errors.Is(err, io.EOF) {
		return nil, "", nil
	} else if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, "", formError(err)
	}
	head = head[:n]
	typ, problem := clinic.CardPhotoType(head)
	if problem != "" {
		io.Copy(io.Discard, part)
		return nil, problem, nil
	}
	if s.cfg.MRI.Blobs == nil {
		io.Copy(io.Discard, part)
		return nil, "We cannot receive photos at the moment. Please bring your card to your visit.", nil
	}
	body := io.MultiReader(bytes.NewReader(head), io.LimitReader(part, clinic.MaxCardPhoto+1-int64(n)))
	st, err := s.cfg.MRI.Blobs.Put(r.Context(), body)
	if err != nil {
		return nil, "", formError(err)
	}
	if st.Size > clinic.MaxCardPhoto {
		s.cfg.MRI.Blobs.Delete(r.Context(), st.Name)
		io.Copy(io.Discard, part)
		return nil, "This photo is larger than 8 MB. Please send a smaller one.", nil
	}
	return &clinic.FormFile{Blob: st.Name, SHA256: hex.EncodeToString(st.SHA256[:]), Type: typ, Size: st.Size}, "", nil
}

// dropCards removes the photos a form stored when the form is refused.
func (s *Server) dropCards(r *http.Request, a *clinic.FormAnswers) {
	for _, f := range []*clinic.FormFile{a.CardFront, a.CardBack} {
		if f != nil && s.cfg.MRI.Blobs != nil {
			s.cfg.MRI.Blobs.Delete(r.Context(), f.Blob)
		}
	}
}
