"""casereview: learning reviews checked against the SCIE/NSPCC quality markers."""
