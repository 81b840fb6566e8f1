"use strict";exports.handler=async()=>({statusCode:200});
