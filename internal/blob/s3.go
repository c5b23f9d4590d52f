package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// S3 is a Backend in a bucket of an S3-compatible object store. An object
// named n is the key PREFIX+n. Objects up to one part are sent with one
// PUT; larger ones as a multipart upload that Commit completes, so nothing
// is visible under a name until the whole object is there.
type S3 struct {
	client   *s3.Client
	bucket   string
	prefix   string
	partSize int64
	endpoint string    // the store's address, for messages
	where    string    // endpoint and bucket, for messages
	buffers  sync.Pool // of *[]byte of partSize, for writers
}

// S3Config says where the bucket is and how to reach it.
type S3Config struct {
	Bucket   string
	Prefix   string // put before every key, such as "blobs/"
	Endpoint string // such as https://s3.example.com; empty for AWS itself
	Region   string
	// PathStyle puts the bucket in the path rather than in the host name,
	// as most stores other than AWS expect.
	PathStyle bool
	// PartSize is the size of the parts of a multipart upload (default
	// 8 MiB; at least 5 MiB, the least the stores take). Each object
	// being written holds two parts in memory, one of them on its way.
	PartSize int64
	// Attempts is how many times a request is tried before it fails
	// (default 3).
	Attempts int
	// Credentials are the keys; nil reads them as the AWS tools do, from
	// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile, or the
	// machine's role).
	Credentials aws.CredentialsProvider
}

// Part sizes: stores refuse parts under 5 MiB but the last, and uploads
// of more than 10,000 parts.
const (
	MinPartSize     = 5 << 20
	DefaultPartSize = 8 << 20
	maxParts        = 10000
)

// ErrUnreachable marks an error of an object store that could not be
// reached at all.
var ErrUnreachable = errors.New("blob: the object store cannot be reached")

// NewS3 returns the backend of cfg. It makes no request: Ping checks
// that the bucket is there and the keys are right.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if cfg.PartSize == 0 {
		cfg.PartSize = DefaultPartSize
	}
	if cfg.PartSize < MinPartSize || cfg.PartSize > 5<<30 {
		return nil, fmt.Errorf("blob: S3 part size %d: give from 5 MiB to 5 GiB", cfg.PartSize)
	}
	if cfg.Attempts == 0 {
		cfg.Attempts = 3
	}
	if cfg.Bucket == "" {
		return nil, errors.New("blob: S3: no bucket")
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(cfg.Region))
	if err != nil {
		return nil, fmt.Errorf("blob: S3 settings: %w", err)
	}
	if awsCfg.Region == "" && cfg.Endpoint == "" {
		return nil, errors.New("blob: S3: no region: name the bucket's region (region=, or AWS_REGION)")
	}
	if awsCfg.Region == "" {
		awsCfg.Region = "us-east-1" // what stores other than AWS sign with unless told
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		o.HTTPClient = httpClient()
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		if cfg.Credentials != nil {
			o.Credentials = cfg.Credentials
		}
		o.UsePathStyle = cfg.PathStyle
		// Our own AEAD authenticates every byte; checksums only where a
		// request needs one keep stores that know no CRC32 working.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = cfg.Attempts
			so.MaxBackoff = 5 * time.Second
		})
	})
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = "AWS S3 (" + awsCfg.Region + ")"
	}
	return &S3{client: client, bucket: cfg.Bucket, prefix: cfg.Prefix, partSize: cfg.PartSize,
		endpoint: endpoint, where: endpoint + " bucket " + cfg.Bucket}, nil
}

// httpClient is the SDK's client with limits on the steps that wait on a
// store that does not answer: a connection within 5 seconds, and the
// head of an answer within 2 minutes of the request (completing a large
// upload can take a while). A body streams as long as it flows.
func httpClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = 5 * time.Second }).
		WithTransportOptions(func(t *http.Transport) { t.ResponseHeaderTimeout = 2 * time.Minute })
}

func (b *S3) key(name string) *string { return aws.String(b.prefix + name) }

// String names the store, for log lines: no key, no secret.
func (b *S3) String() string { return "s3 " + b.where }

// Ping checks that the bucket can be reached with the keys given, and
// says which of the three it is when it cannot.
func (b *S3) Ping(ctx context.Context) error {
	_, err := b.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b.bucket)})
	var re *smithyhttp.ResponseError
	switch {
	case err == nil || isUnreachable(err):
		return b.fail("ping", "", err)
	case isNotFound(err) || isNoBucket(err):
		return fmt.Errorf("blob: there is no bucket %q at %s: create it, or name another: %w", b.bucket, b.endpoint, err)
	case errors.As(err, &re) && (re.HTTPStatusCode() == http.StatusForbidden || re.HTTPStatusCode() == http.StatusUnauthorized):
		return fmt.Errorf("blob: %s refused the keys for bucket %q (check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket's policy): %w", b.endpoint, b.bucket, err)
	}
	return b.fail("ping", "", err)
}

// Create starts an object that is sent when its first part is full, or
// with a single PUT at Commit when it never fills one.
func (b *S3) Create(ctx context.Context, name string) (Pending, error) {
	if !validName(name) {
		return nil, fmt.Errorf("blob: create: bad name %q", name)
	}
	return &pendingS3{b: b, ctx: ctx, name: name, buf: b.getBuffer()}, nil
}

// Open streams the object from the store.
func (b *S3) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	if !validName(name) {
		return nil, notFound(name, errors.New("no such object"))
	}
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.bucket), Key: b.key(name)})
	if err != nil {
		return nil, b.fail("open", name, err)
	}
	return out.Body, nil
}

// Stat asks the store for the object's size and time.
func (b *S3) Stat(ctx context.Context, name string) (Object, error) {
	if !validName(name) {
		return Object{}, notFound(name, errors.New("no such object"))
	}
	out, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(b.bucket), Key: b.key(name)})
	if err != nil {
		return Object{}, b.fail("stat", name, err)
	}
	return Object{Name: name, Size: aws.ToInt64(out.ContentLength), Modified: aws.ToTime(out.LastModified)}, nil
}

// Delete removes the object. The stores answer a delete of a missing key
// with success, so the object is looked up first to report a missing
// one as not found.
func (b *S3) Delete(ctx context.Context, name string) error {
	if _, err := b.Stat(ctx, name); err != nil {
		return err
	}
	_, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b.bucket), Key: b.key(name)})
	return b.fail("delete", name, err)
}

// List pages through the keys under the prefix; keys that are not names
// of objects are left out.
func (b *S3) List(ctx context.Context, fn func(Object) error) error {
	pages := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{Bucket: aws.String(b.bucket), Prefix: aws.String(b.prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return b.fail("list", "", err)
		}
		for _, o := range page.Contents {
			name := strings.TrimPrefix(aws.ToString(o.Key), b.prefix)
			if !validName(name) {
				continue
			}
			if err := fn(Object{Name: name, Size: aws.ToInt64(o.Size), Modified: aws.ToTime(o.LastModified)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// CleanUploads aborts the multipart uploads under the prefix that were
// started before the given time: what a crash or a killed process left
// behind, which the store keeps (and bills) until it is aborted. It
// returns how many it aborted.
func (b *S3) CleanUploads(ctx context.Context, before time.Time) (int, error) {
	in := &s3.ListMultipartUploadsInput{Bucket: aws.String(b.bucket), Prefix: aws.String(b.prefix)}
	aborted := 0
	for {
		out, err := b.client.ListMultipartUploads(ctx, in)
		if err != nil {
			return aborted, b.fail("clean", "", err)
		}
		for _, u := range out.Uploads {
			if !aws.ToTime(u.Initiated).Before(before) {
				continue
			}
			_, err := b.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(b.bucket), Key: u.Key, UploadId: u.UploadId})
			if err != nil && !isNotFound(err) {
				return aborted, b.fail("clean", "", err)
			}
			aborted++
		}
		if !aws.ToBool(out.IsTruncated) {
			return aborted, nil
		}
		in.KeyMarker, in.UploadIdMarker = out.NextKeyMarker, out.NextUploadIdMarker
	}
}

// fail turns an error of the store into ours: a missing object is
// clinic.ENotFound, a store that cannot be reached is ErrUnreachable.
func (b *S3) fail(op, name string, err error) error {
	switch {
	case err == nil:
		return nil
	case name != "" && isNotFound(err):
		return notFound(name, err)
	case isUnreachable(err):
		return fmt.Errorf("%w (%s, on %s): %w", ErrUnreachable, b.where, op, err)
	}
	return fmt.Errorf("blob: %s (%s): %w", op, b.where, err)
}

// isNotFound reports whether the store said there is no such key (or
// upload). A missing bucket is not a missing file: it is an error of
// its own.
func isNotFound(err error) bool {
	var noKey *types.NoSuchKey
	var notFound *types.NotFound
	var noUpload *types.NoSuchUpload
	var re *smithyhttp.ResponseError
	switch {
	case isNoBucket(err):
		return false
	case errors.As(err, &noKey) || errors.As(err, &notFound) || errors.As(err, &noUpload):
		return true
	}
	return errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound
}

// isNoBucket reports whether the store said there is no such bucket.
func isNoBucket(err error) bool {
	var noBucket *types.NoSuchBucket
	var api smithy.APIError
	return errors.As(err, &noBucket) || errors.As(err, &api) && api.ErrorCode() == "NoSuchBucket"
}

// isUnreachable reports whether err is a failure to reach the store at
// all (refused, reset, timed out, unknown host), not an answer.
func isUnreachable(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &op) || errors.As(err, &dns)
}
