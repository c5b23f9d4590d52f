package blob

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// pendingS3 is an object being written to an S3 store. It fills a buffer
// of one part; when a full buffer is followed by more bytes, the buffer
// is sent as the next part of a multipart upload (started then) while
// the writer fills a second one. So the writer holds at most two parts
// in memory, one of them on its way. An object that never fills a part
// is sent with one PUT at Commit; a multipart upload is completed at
// Commit. Until then nothing is visible under the name, and a crash
// leaves only the unfinished upload, which CleanUploads aborts.
type pendingS3 struct {
	b        *S3
	ctx      context.Context
	name     string
	buf      []byte // the part being filled
	uploadID string
	parts    []types.CompletedPart
	sending  chan sentPart // the part on its way, if any
	spare    []byte        // the other buffer, once its part is sent
	err      error         // the first failure: every later call returns it
	done     bool
}

// sentPart is the outcome of sending a part: its ETag, and its buffer
// back for the next part.
type sentPart struct {
	etag string
	buf  []byte
	err  error
}

func (p *pendingS3) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	if p.done {
		return 0, errors.New("blob: write: already finished")
	}
	n := 0
	for len(b) > 0 {
		if len(p.buf) == cap(p.buf) {
			if err := p.send(); err != nil {
				return n, err
			}
		}
		k := copy(p.buf[len(p.buf):cap(p.buf)], b)
		p.buf, b, n = p.buf[:len(p.buf)+k], b[k:], n+k
	}
	return n, nil
}

// send sends the buffer as the next part, once the part before it has
// arrived, and goes on with the other buffer.
func (p *pendingS3) send() error {
	if err := p.wait(); err != nil {
		return err
	}
	if len(p.parts) == maxParts {
		return p.fail(fmt.Errorf("blob: write: more than %d parts of %d MiB: make the part size larger", maxParts, p.b.partSize>>20))
	}
	if p.uploadID == "" {
		out, err := p.b.client.CreateMultipartUpload(p.ctx, &s3.CreateMultipartUploadInput{Bucket: &p.b.bucket, Key: p.b.key(p.name)})
		if err != nil {
			return p.fail(p.b.fail("write", "", err))
		}
		p.uploadID = aws.ToString(out.UploadId)
	}
	number := int32(len(p.parts) + 1)
	p.parts = append(p.parts, types.CompletedPart{PartNumber: aws.Int32(number)})
	part := p.buf
	p.buf, p.spare = p.spare, nil
	if p.buf == nil {
		p.buf = p.b.getBuffer()
	}
	p.sending = make(chan sentPart, 1)
	go func(b *S3, ctx context.Context, name, id string, done chan<- sentPart) {
		etag, err := b.uploadPart(ctx, name, id, number, part)
		done <- sentPart{etag: etag, buf: part[:0], err: err}
	}(p.b, p.ctx, p.name, p.uploadID, p.sending)
	return nil
}

// wait waits for the part on its way, if any, and records its ETag.
func (p *pendingS3) wait() error {
	if p.sending == nil {
		return p.err
	}
	r := <-p.sending
	p.sending, p.spare = nil, r.buf
	if r.err != nil {
		return p.fail(p.b.fail("write", "", r.err))
	}
	p.parts[len(p.parts)-1].ETag = aws.String(r.etag)
	return nil
}

// fail keeps the first error.
func (p *pendingS3) fail(err error) error {
	if p.err == nil {
		p.err = err
	}
	return p.err
}

// Commit sends what is left and makes the object visible: with one PUT
// when the object is smaller than a part, else by sending the last part
// and completing the multipart upload. On failure the upload is aborted.
func (p *pendingS3) Commit() error {
	if p.done {
		return errors.New("blob: commit: already finished")
	}
	err := p.commit()
	if err != nil {
		p.Abort()
	}
	p.done = true
	p.release()
	return err
}

func (p *pendingS3) commit() error {
	if p.err != nil {
		return p.err
	}
	if p.uploadID == "" {
		_, err := p.b.client.PutObject(p.ctx, &s3.PutObjectInput{Bucket: &p.b.bucket, Key: p.b.key(p.name),
			Body: bytes.NewReader(p.buf), ContentLength: aws.Int64(int64(len(p.buf))), ContentMD5: contentMD5(p.buf)})
		return p.b.fail("commit", "", err)
	}
	if err := p.send(); err != nil {
		return err
	}
	if err := p.wait(); err != nil {
		return err
	}
	_, err := p.b.client.CompleteMultipartUpload(p.ctx, &s3.CompleteMultipartUploadInput{Bucket: &p.b.bucket, Key: p.b.key(p.name),
		UploadId: &p.uploadID, MultipartUpload: &types.CompletedMultipartUpload{Parts: p.parts}})
	return p.b.fail("commit", "", err)
}

// abortTimeout bounds the abort of a multipart upload, which runs even
// when the writer's context has ended.
const abortTimeout = 30 * time.Second

// Abort waits for the part on its way and aborts the multipart upload,
// if one was started, so that the store frees its parts.
func (p *pendingS3) Abort() error {
	if p.done {
		return nil
	}
	p.done = true
	p.wait()
	defer p.release()
	if p.uploadID == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(p.ctx), abortTimeout)
	defer cancel()
	_, err := p.b.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &p.b.bucket, Key: p.b.key(p.name), UploadId: &p.uploadID})
	if err != nil && !isNotFound(err) {
		return p.b.fail("abort", "", err)
	}
	return nil
}

// release gives the buffers back for other writers.
func (p *pendingS3) release() {
	for _, b := range []*[]byte{&p.buf, &p.spare} {
		if *b != nil {
			p.b.putBuffer(*b)
			*b = nil
		}
	}
}

// uploadPart sends one part and returns its ETag.
func (b *S3) uploadPart(ctx context.Context, name, uploadID string, number int32, part []byte) (string, error) {
	out, err := b.client.UploadPart(ctx, &s3.UploadPartInput{Bucket: &b.bucket, Key: b.key(name), UploadId: &uploadID,
		PartNumber: aws.Int32(number), Body: bytes.NewReader(part), ContentLength: aws.Int64(int64(len(part))), ContentMD5: contentMD5(part)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.ETag), nil
}

// contentMD5 is the Content-MD5 header of a body: the store refuses a
// body that arrived different from what was sent, so a part damaged on
// the way fails now, while the original is still at hand, rather than
// at the first read.
func contentMD5(b []byte) *string {
	sum := md5.Sum(b)
	return aws.String(base64.StdEncoding.EncodeToString(sum[:]))
}

// getBuffer returns an empty buffer of one part.
func (b *S3) getBuffer() []byte {
	if buf, ok := b.buffers.Get().(*[]byte); ok {
		return (*buf)[:0]
	}
	return make([]byte, 0, b.partSize)
}

// putBuffer keeps a buffer for another writer.
func (b *S3) putBuffer(buf []byte) {
	buf = buf[:0]
	b.buffers.Put(&buf)
}
