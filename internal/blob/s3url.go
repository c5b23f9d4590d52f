package blob

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// S3URLExample is an address ParseS3URL takes, for messages.
const S3URLExample = "s3://clinic-files?endpoint=https://s3.example.com&region=us-east-1&prefix=blobs"

var (
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	regionName = regexp.MustCompile(`^[a-z0-9-]{1,40}$`)
	prefixName = regexp.MustCompile(`^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?$`)
)

// ParseS3URL reads the address of a bucket:
//
//	s3://BUCKET?endpoint=URL&region=REGION&prefix=FOLDER&pathstyle=BOOL
//
// Every parameter may be left out: no endpoint is AWS itself, no prefix
// is the bucket's top, and path-style addressing is on exactly when an
// endpoint is given. Keys never go in the address; the SDK reads them
// from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
func ParseS3URL(raw string) (S3Config, error) {
	var c S3Config
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" {
		return c, fmt.Errorf("the address of the object store must start with s3://, such as %s", S3URLExample)
	}
	switch {
	case u.User != nil:
		return c, errors.New("the address of the object store holds keys: take them out and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead")
	case u.Opaque != "" || u.Host == "":
		return c, fmt.Errorf("the address of the object store names no bucket: write it as %s", S3URLExample)
	case !bucketName.MatchString(u.Host) || strings.Contains(u.Host, ".."):
		return c, fmt.Errorf("bucket %q: a bucket's name is 3 to 63 lower-case letters, digits, dots and hyphens", u.Host)
	case u.Path != "" && u.Path != "/":
		return c, fmt.Errorf("the address of the object store has the path %q: give a folder in the bucket as prefix=%s", u.Path, strings.Trim(u.Path, "/"))
	case u.Fragment != "":
		return c, errors.New("the address of the object store has a # part, which means nothing here")
	}
	c.Bucket = u.Host
	return c, s3Params(&c, u.RawQuery)
}

// s3Params reads the parameters of an S3 address into c.
func s3Params(c *S3Config, rawQuery string) error {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return fmt.Errorf("the parameters of the object store's address: %w", err)
	}
	pathStyle := ""
	for name, values := range q {
		if len(values) != 1 {
			return fmt.Errorf("the parameter %s of the object store's address is given %d times", name, len(values))
		}
		v := values[0]
		switch name {
		case "endpoint":
			err = s3Endpoint(v)
			c.Endpoint = strings.TrimRight(v, "/")
		case "region":
			if !regionName.MatchString(v) {
				err = fmt.Errorf("region %q: give a region such as us-east-1", v)
			}
			c.Region = v
		case "prefix":
			if !prefixName.MatchString(v) || strings.Contains("/"+v+"/", "/../") || strings.Contains("/"+v+"/", "/./") {
				err = fmt.Errorf("prefix %q: give a folder such as clinic/blobs, of letters, digits, dots, hyphens and underscores", v)
			}
			c.Prefix = strings.TrimSuffix(v, "/") + "/"
		case "pathstyle":
			pathStyle = v
		default:
			err = fmt.Errorf("the object store's address has an unknown parameter %q: the parameters are endpoint, region, prefix and pathstyle", name)
		}
		if err != nil {
			return err
		}
	}
	c.PathStyle = c.Endpoint != ""
	if pathStyle != "" {
		if c.PathStyle, err = strconv.ParseBool(pathStyle); err != nil {
			return fmt.Errorf("pathstyle %q: give true or false", pathStyle)
		}
	}
	return nil
}

// s3Endpoint checks an endpoint: an http or https address of a host.
func s3Endpoint(v string) error {
	u, err := url.Parse(v)
	switch {
	case err == nil && u.User != nil:
		return errors.New("the endpoint holds keys: take them out and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("endpoint %q: give the store's address, such as https://s3.example.com or http://127.0.0.1:7070", v)
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("endpoint %q: give the store's address alone, without ? or #", v)
	}
	return nil
}
