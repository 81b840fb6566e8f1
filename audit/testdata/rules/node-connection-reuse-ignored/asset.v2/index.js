"use strict";var k=process.env.AWS_NODEJS_CONNECTION_REUSE_ENABLED;exports.handler=async()=>k;
