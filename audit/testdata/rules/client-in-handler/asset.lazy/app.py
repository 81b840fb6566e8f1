import os
import pymysql

conn = None


def handler(event, context):
    global conn
    if conn is None:
        conn = pymysql.connect(host=os.environ["DB_HOST"])
    with conn.cursor() as cur:
        cur.execute("select 1")
        return cur.fetchone()
