// Package blob stores uploaded files (MRI studies, reports, photos of
// insurance cards) encrypted at rest, under names the server makes.
//
// A Store is used through five calls:
//
//	st, err := s.Put(ctx, r)      // streams r in; st.Name, st.Size, st.SHA256
//	rc, err := s.Open(ctx, name)  // streams the original back out
//	info, err := s.Stat(ctx, name)
//	err = s.Delete(ctx, name)
//	err = s.Walk(ctx, func(info Info, err error) error { ... })
//
// The caller keeps Name and SHA256 in its own records; a name never comes
// from a person, so it carries no patient data. A missing name is a
// clinic.ENotFound error. A file that was changed, cut short or moved under
// another name fails with ErrIntegrity; a full disk fails with ErrNoSpace
// and leaves nothing behind.
//
// # Encryption
//
// Every object is a small header (format version and key id) followed by a
// streaming AEAD ciphertext: Tink's AES-256-GCM-HKDF-SHA256 with 64 KiB
// segments. Each object gets its own AES key, derived with HKDF from the
// master key, a random salt and the associated data, which is the header
// and the object's name: a file copied over another one's name does not
// decrypt. Reading and writing hold two segments in memory whatever the
// size of the file. The format offers no random access: reading from an
// offset decrypts and discards what comes before it.
//
// # Keys
//
// A Keyring holds master keys by id; the highest id encrypts new objects
// and every id in the ring can decrypt. LoadKeyring reads the keys from
// CLINIC_BLOB_KEY or from a key file that it creates on first run, AddKey
// appends a new key to that file, and Store.Reencrypt moves objects to the
// newest key, each one written whole and synced before it replaces the
// old. docs/OPERATIONS.md describes a rotation.
//
// # Backends
//
// The encrypted objects live in a Backend: Folder keeps them in a local
// directory (0700 directories, 0600 files, each written to a temporary
// file, synced and renamed into place, its directory synced). S3 keeps
// them in a bucket of an S3-compatible object store (AWS S3, MinIO,
// versitygw and the like), addressed as ParseS3URL reads: an object
// smaller than a part goes up in one PUT at Commit, a larger one as a
// multipart upload that Commit completes, so a crash leaves only an
// unfinished upload, which CleanUploads aborts. Encryption stays in
// this package either way: a backend never sees a plaintext byte.
//
// Store.Verify streams every object through decryption and SHA-256 and
// reports each one that is missing, unreadable or different from the hash
// the caller recorded; `clinic blob verify` runs it.
package blob
