package handlercode

import "strings"

// What the reader recognizes as a client, connection or parsed
// configuration, by how the code names the constructor or factory. The
// names are those of the AWS SDKs and of the common database and cache
// clients in their documented usage; bundlers keep them (esbuild and
// webpack rename local bindings, never the properties of an external
// module's namespace).

// jsNew maps a class constructed with new to its kind.
var jsNew = map[string]Kind{
	// pg, mysql2 and others call theirs Pool or Client; only the module
	// tells them apart, so the names alone stand for a connection.
	"Pool":         Database,
	"Sequelize":    Database,
	"PrismaClient": Database,
	"MongoClient":  Database,
	"Knex":         Database,
	"DataSource":   Database, // TypeORM
	"Redis":        Cache,    // ioredis
	"Cluster":      Cache,    // ioredis
	"Memcached":    Cache,
}

// jsNewSuffix: an AWS SDK v3 client class is <Service>Client
// (new DynamoDBClient({})); other clients named so are built alike.
const jsNewSuffix = "Client"

// jsCalls maps a factory call's dotted name (its last one or two parts)
// to its kind.
var jsCalls = map[string]Kind{
	"DynamoDBDocumentClient.from": DocumentClient, // @aws-sdk/lib-dynamodb
	"DynamoDBDocument.from":       DocumentClient,
	"mysql.createConnection":      Database,
	"mysql.createPool":            Database,
	"createConnection":            Database,
	"createPool":                  Database,
	"MongoClient.connect":         Database,
	"mongoose.connect":            Database,
	"mongoose.createConnection":   Database,
	"knex":                        Database,
	"postgres":                    Database, // postgres.js
	"neon":                        Database,
	"redis.createClient":          Cache,
	"createClient":                Cache, // redis
	"createCluster":               Cache,
}

// jsConstruction classifies new X(...) (isNew) or X(...) by its callee.
func jsConstruction(callee string, isNew bool) (Kind, bool) {
	last := callee
	if i := strings.LastIndex(callee, "."); i >= 0 {
		last = callee[i+1:]
	}
	if isNew {
		switch {
		case last == "DocumentClient":
			return DocumentClient, true // AWS SDK v2: new AWS.DynamoDB.DocumentClient()
		case strings.HasPrefix(callee, "AWS.") && len(last) > 0 && last[0] >= 'A' && last[0] <= 'Z':
			return SDKClient, true // AWS SDK v2: new AWS.S3()
		case strings.HasSuffix(last, jsNewSuffix) && len(last) > len(jsNewSuffix):
			return SDKClient, true
		}
		if k, ok := jsNew[last]; ok {
			return k, true
		}
		return "", false
	}
	parts := strings.Split(callee, ".")
	for n := 2; n >= 1; n-- {
		if len(parts) >= n {
			if k, ok := jsCalls[strings.Join(parts[len(parts)-n:], ".")]; ok {
				return k, true
			}
		}
	}
	return "", false
}

// pyCalls maps a Python call's dotted name to its kind.
var pyCalls = map[string]Kind{
	"boto3.client":             SDKClient,
	"boto3.resource":           SDKClient,
	"boto3.Session":            SDKClient,
	"boto3.session.Session":    SDKClient,
	"session.client":           SDKClient,
	"session.resource":         SDKClient,
	"pymysql.connect":          Database,
	"psycopg2.connect":         Database,
	"psycopg.connect":          Database,
	"mysql.connector.connect":  Database,
	"pg8000.connect":           Database,
	"sqlalchemy.create_engine": Database,
	"create_engine":            Database,
	"pymongo.MongoClient":      Database,
	"MongoClient":              Database,
	"redis.Redis":              Cache,
	"redis.StrictRedis":        Cache,
	"redis.from_url":           Cache,
	"redis.Redis.from_url":     Cache,
	"Redis":                    Cache,
	"StrictRedis":              Cache,
	"json.load":                Config,
	"yaml.safe_load":           Config,
	"yaml.load":                Config,
	"tomllib.load":             Config,
}

// pyConstruction classifies a Python call by its dotted callee.
func pyConstruction(callee string) (Kind, bool) {
	if k, ok := pyCalls[callee]; ok {
		return k, true
	}
	parts := strings.Split(callee, ".")
	for n := 3; n >= 2; n-- {
		if len(parts) > n {
			if k, ok := pyCalls[strings.Join(parts[len(parts)-n:], ".")]; ok && k != Config {
				return k, true
			}
		}
	}
	return "", false
}
