package providers

// MultiArray is a value of a PostgreSQL array with more than one
// dimension, such as int4[] '{{1,2},{3,4}}'. Rows return it for a column
// of an array type, and a []any for a one-dimensional array.
type MultiArray struct {
	// Dims are the lengths of the dimensions, outermost first. Each lower
	// bound is 1.
	Dims []int
	// Elements are the elements in row-major order, nil for NULL, one for
	// each combination of indexes.
	Elements []any
}
