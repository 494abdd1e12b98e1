// A folder that no layer owns: refused.
int orphan() { return 0; }
