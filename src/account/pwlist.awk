# pwlist.awk: turn the sorted, lower-cased common-password list (one per
# line on stdin, comments already removed) into src/pwlist_data.c.
BEGIN {
	print "/* Generated from data/common-passwords.txt by src/pwlist.awk: do not edit. */"
	print "#include \"pwlist.h\""
	print ""
	print "const char pwlist_blob[] ="
	n = 0
	pos = 0
}
{
	w = $0
	gsub(/\\/, "\\\\", w)
	gsub(/"/, "\\\"", w)
	gsub(/\?/, "\\?", w)
	printf "\t\"%s\\0\"\n", w
	off[n++] = pos
	pos += length($0) + 1
}
END {
	print "\t\"\";"
	print ""
	print "const uint32_t pwlist_off[] = {"
	for (i = 0; i < n; i++)
		printf "\t%d,\n", off[i]
	print "};"
	printf "const size_t pwlist_n = %d;\n", n
}
