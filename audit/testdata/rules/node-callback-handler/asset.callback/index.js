"use strict";const{S3Client:c}=require("@aws-sdk/client-s3"),s=new c({});exports.handler=function(e,t,n){n(null,{statusCode:200})};
