package dicom

// thumbnail draws in's middle frame small, or records why it cannot.
func (g *Ingester) thumbnail(in *Instance, src Source, lay *Layout) {
	in.NoPreview = "not drawn yet"
}
