// The module's types live in the other files of this folder; its overview is in NeuroFailImport.docc.
