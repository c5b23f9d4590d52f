// Package review carries the free MRI review's files from the patient's
// browser to the viewer: resumable uploads over tus into the encrypted
// blob store, reading them through internal/dicom into studies, series
// and instances, thumbnails, and deleting the images when a closed
// review's retention period ends.
//
// # Uploads
//
// TusStore is a tusd DataStore of our own. Every PATCH is written as
// parts of at most Config.PartSize, each one a blob encrypted as it
// streams in and recorded in the database with its SHA-256 once it is
// whole; the SHA-256 of a file of several parts is computed when it is
// read. Nothing of an upload rests unencrypted: not a part cut off by a
// dropped connection, nor one a crash interrupted (its blob's temporary
// file is ciphertext, removed at the next start). The offset a HEAD
// reports is what the database holds, so after a restart, a dropped
// connection or a closed laptop the client goes on from there. An upload belongs to the
// review request that created it: the request's id rides in the context
// (WithRequest) and GetUpload answers not found for anyone else's.
//
// # Reading
//
// Ingest reads a completed upload through dicom.Ingester (whose bound on
// parses holds across every upload), keeps each image and report as a
// blob of its own (the upload's part when it is one whole file; taken out
// of a ZIP otherwise) and records studies, series, instances and what
// was not usable, and why. Workers claim uploads in the database with a
// lease, so a reader that dies leaves its upload to another. Thumbnails
// are drawn per series from its middle image once the request has no
// upload pending.
package review
