package translate

// postgresOnlyFunctions are the functions of PostgreSQL 15's pg_catalog
// that DuckDB lacks and the dialect neither rewrites nor sends to the
// catalog database, so a call fails with 0A000 at its position instead
// of DuckDB's error for an unknown function. The list was made from the
// functions in pg_catalog of PostgreSQL 15.18's pg_proc. It leaves out
// the functions behind operators, type input and output, aggregate
// states and index access methods, those that take or return the
// internal pseudo-type, and those named pg_*. It also leaves out the
// names that duckdb_functions() lists in the DuckDB that duckdb-go
// v2.20000.0 bundles, and SIMILAR TO's similar_to_escape, which DuckDB
// parses as SQL syntax. A test checks that it names no function that the
// dialect rewrites.
// NOTE: a DuckDB function of the same name may still differ from
// PostgreSQL's; unsupportedFunctions lists the ones known to.
var postgresOnlyFunctions = map[string]bool{
	"abbrev": true, "acldefault": true, "aclexplode": true, "acosd": true, "amvalidate": true,
	"area": true, "array_dims": true, "array_fill": true,
	"array_to_tsvector": true, "asind": true, "atan2d": true, "atand": true,
	"bit": true, "bool": true, "box": true, "bpchar": true, "brin_desummarize_range": true,
	"brin_summarize_new_values": true, "brin_summarize_range": true, "broadcast": true,
	"cash_words": true, "center": true, "char": true, "cidr": true, "circle": true,
	"convert": true, "convert_from": true, "convert_to": true,
	"cosd": true, "cotd": true, "currtid2": true, "cursor_to_xml": true,
	"cursor_to_xmlschema": true, "database_to_xml": true, "database_to_xml_and_xmlschema": true,
	"database_to_xmlschema": true, "datemultirange": true, "daterange": true,
	"daterange_canonical": true, "daterange_subdiff": true, "dexp": true, "diagonal": true,
	"diameter": true, "dlog1": true, "dlog10": true, "dround": true, "dtrunc": true,
	"enum_in": true, "enum_out": true, "enum_send": true, "family": true, "float4": true,
	"float8": true, "fmgr_c_validator": true, "fmgr_internal_validator": true,
	"fmgr_sql_validator": true, "get_byte": true, "get_current_ts_config": true,
	"getdatabaseencoding": true, "getpgusername": true, "gin_clean_pending_list": true,
	"has_parameter_privilege": true, "height": true, "host": true, "hostmask": true, "int2": true,
	"int4": true, "int4inc": true, "int4multirange": true, "int4range": true,
	"int4range_canonical": true, "int4range_subdiff": true, "int8": true, "int8_sum": true,
	"int8multirange": true, "int8range": true, "int8range_canonical": true,
	"int8range_subdiff": true, "interval": true, "is_normalized": true, "isclosed": true,
	"isempty": true, "ishorizontal": true, "isopen": true, "isparallel": true, "isperp": true,
	"isvertical": true, "json_object_agg": true, "json_populate_record": true,
	"json_populate_recordset": true, "json_to_record": true, "json_to_recordset": true,
	"json_to_tsvector": true, "jsonb_object": true, "jsonb_object_agg": true,
	"jsonb_path_exists": true, "jsonb_path_exists_tz": true,
	"jsonb_path_match": true, "jsonb_path_match_tz": true, "jsonb_path_query": true,
	"jsonb_path_query_array": true, "jsonb_path_query_array_tz": true,
	"jsonb_path_query_first": true, "jsonb_path_query_first_tz": true,
	"jsonb_path_query_tz": true, "jsonb_populate_record": true, "jsonb_populate_recordset": true,
	"jsonb_to_record": true, "jsonb_to_recordset": true, "jsonb_to_tsvector": true,
	"lastval": true,
	"like":    true, "line": true, "lo_close": true, "lo_creat": true, "lo_create": true,
	"lo_export": true, "lo_from_bytea": true, "lo_get": true, "lo_import": true, "lo_lseek": true,
	"lo_lseek64": true, "lo_open": true, "lo_put": true, "lo_tell": true, "lo_tell64": true,
	"lo_truncate": true, "lo_truncate64": true, "lo_unlink": true, "loread": true,
	"lower_inc": true, "lower_inf": true, "lowrite": true, "lseg": true, "macaddr": true,
	"macaddr8": true, "macaddr8_set7bit": true, "makeaclitem": true, "masklen": true,
	"min_scale": true, "money": true, "multirange": true, "mxid_age": true, "name": true,
	"nameconcatoid": true, "netmask": true, "network": true, "normalize": true, "notlike": true,
	"npoints": true, "numeric": true, "numeric_div_trunc": true, "numeric_exp": true,
	"numeric_inc": true, "numeric_ln": true, "numeric_log": true, "numeric_sqrt": true,
	"nummultirange": true, "numnode": true, "numrange": true, "numrange_subdiff": true,
	"oid": true, "oidvectortypes": true, "overlaps": true, "parse_ident": true, "path": true,
	"pclose": true, "phraseto_tsquery": true, "plainto_tsquery": true, "plpgsql_validator": true,
	"point": true, "polygon": true, "popen": true, "postgresql_fdw_validator": true,
	"query_to_xml": true, "query_to_xml_and_xmlschema": true, "query_to_xmlschema": true,
	"querytree": true, "radius": true, "range_agg": true, "range_intersect_agg": true, "range_merge": true,
	"regclass": true, "satisfies_hash_partition": true, "schema_to_xml": true,
	"schema_to_xml_and_xmlschema": true, "schema_to_xmlschema": true, "set_byte": true,
	"set_masklen": true, "setweight": true, "shell_in": true, "shell_out": true,
	"sind": true, "slope": true,
	"string_to_table": true, "strip": true, "table_to_xml": true,
	"table_to_xml_and_xmlschema": true, "table_to_xmlschema": true, "tand": true, "text": true,
	"textlen": true, "time": true, "timestamp": true, "timestamptz": true,
	"timetz": true, "to_ascii": true, "to_regcollation": true,
	"to_regoper": true, "to_regoperator": true, "to_regprocedure": true, "to_tsquery": true,
	"to_tsvector": true, "trim_array": true, "trim_scale": true, "ts_debug": true,
	"ts_delete": true, "ts_filter": true, "ts_headline": true, "ts_lexize": true,
	"ts_parse": true, "ts_rank": true, "ts_rank_cd": true, "ts_rewrite": true, "ts_stat": true,
	"ts_token_type": true, "tsmultirange": true, "tsquery_phrase": true, "tsrange": true,
	"tsrange_subdiff": true, "tstzmultirange": true, "tstzrange": true, "tstzrange_subdiff": true,
	"tsvector_to_array": true, "txid_current_if_assigned": true, "txid_current_snapshot": true,
	"txid_snapshot_xip": true, "txid_snapshot_xmax": true, "txid_snapshot_xmin": true,
	"txid_status": true, "txid_visible_in_snapshot": true, "unistr": true, "upper_inc": true,
	"upper_inf": true, "varbit": true, "varchar": true, "websearch_to_tsquery": true,
	"width": true, "xid": true, "xml": true, "xml_is_well_formed": true,
	"xml_is_well_formed_content": true, "xml_is_well_formed_document": true, "xmlagg": true,
	"xmlcomment": true, "xmlexists": true, "xmlvalidate": true, "xpath": true,
	"xpath_exists": true,
}
